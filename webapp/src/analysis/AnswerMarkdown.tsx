import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import Markdown, { type Options } from 'react-markdown';
import remarkBreaks from 'remark-breaks';
import remarkGfm from 'remark-gfm';

const useStyles = makeStyles({
  root: {
    overflowWrap: 'anywhere',
    lineHeight: tokens.lineHeightBase400,
    '& p, & ul, & ol, & table, & blockquote': { marginTop: 0, marginBottom: tokens.spacingVerticalS },
    '& ul, & ol': { paddingLeft: tokens.spacingHorizontalXL },
    '& table': { borderCollapse: 'collapse', display: 'block', overflowX: 'auto', maxWidth: '100%' },
    '& th, & td': { border: `1px solid ${tokens.colorNeutralStroke2}`, padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, textAlign: 'left' },
    '& th': { backgroundColor: tokens.colorNeutralBackground3 },
    '& blockquote': { borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground2, marginLeft: 0 },
    '& code': { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  },
});

interface AnswerMarkdownProps {
  text: string;
  testId?: string;
  onLink?: (href: string) => void;
  /** Draws a link itself (a flag, a cell citation); `undefined` leaves it to the default link. */
  renderLink?: (href: string, children: ReactNode) => ReactNode | undefined;
  /** Transforms of the rendered tree (the web app marks flagged sentences). */
  rehypePlugins?: Options['rehypePlugins'];
}

/**
 * An answer as formatted text. Models (and the local analyst) answer in Markdown: lists, tables, bold.
 * Raw HTML in an answer is never rendered (react-markdown's default). Links open in a new tab, or through
 * `onLink` where the host opens them itself (the Excel pane opens them outside Office), or as `renderLink`
 * draws them. Shared with the Excel task pane as `@intellio/webapp/answer-markdown`.
 */
export function AnswerMarkdown({ text, testId, onLink, renderLink, rehypePlugins }: AnswerMarkdownProps) {
  const styles = useStyles();
  return (
    <div className={styles.root} data-testid={testId}>
      <Markdown
        remarkPlugins={[remarkGfm, remarkBreaks]}
        rehypePlugins={rehypePlugins}
        components={{
          a: ({ href, children }) => (href ? renderLink?.(href, children) : undefined) ?? (
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              onClick={(e) => {
                if (!onLink || !href) return;
                e.preventDefault();
                onLink(href);
              }}
            >
              {children}
            </a>
          ),
        }}
      >
        {text}
      </Markdown>
    </div>
  );
}
