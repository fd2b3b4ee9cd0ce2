import {
  Badge,
  Button,
  Dropdown,
  Input,
  makeStyles,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../layout/AppLink';
import { formatDateTime, formatNumber } from '../usage/format';
import { listUsers, type UserSort, type UsersQuery } from './adminApi';
import { useAutoRefresh } from './useAutoRefresh';
import { useTierText } from './useTierText';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  search: { minWidth: 'min(260px, 100%)', flex: 1 },
  wrap: { overflowX: 'auto' },
  pager: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'flex-end' },
  muted: { color: tokens.colorNeutralForeground3 },
  who: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0` },
});

const COLUMNS = ['name', 'tier', 'balance', 'tokens30d', 'analyses', 'lastActive'] as const satisfies readonly UserSort[];

/** All users: search, status filter, sortable columns, pages of 25; a name opens the user's detail. */
export function UsersTab() {
  const styles = useStyles();
  const { t } = useTranslation();
  const tierText = useTierText();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState<UsersQuery>({ q: '', status: 'all', sort: 'tokens30d', order: 'desc', page: 1, pageSize: 25 });

  // Searching waits for a pause in typing instead of sending a request per key.
  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => (q.q === typed ? q : { ...q, q: typed, page: 1 })), 300);
    return () => clearTimeout(timer);
  }, [typed]);

  const load = useCallback(() => listUsers(query), [query]);
  const { data, error } = useAutoRefresh(load);

  function handleSort(key: UserSort) {
    setQuery((q) => ({ ...q, sort: key, order: q.sort === key && q.order === 'desc' ? 'asc' : 'desc', page: 1 }));
  }

  const pages = data ? Math.max(1, Math.ceil(data.pagination.total / query.pageSize)) : 1;
  return (
    <div className={styles.root} data-testid="admin-users">
      <div className={styles.bar}>
        <Input className={styles.search} contentBefore={<SearchRegular />} placeholder={t('admin.users.search')} value={typed} onChange={(_, d) => setTyped(d.value)} aria-label={t('admin.users.searchLabel')} data-testid="user-search" />
        <Dropdown
          clearButton={{ 'aria-label': t('common.clearSelection') }}
          aria-label={t('admin.users.statusLabel')}
          value={query.status === 'all' ? t('admin.users.filterAll') : t(`admin.users.${query.status}`)}
          selectedOptions={[query.status]}
          onOptionSelect={(_, d) => setQuery((q) => ({ ...q, status: d.optionValue as UsersQuery['status'], page: 1 }))}
        >
          <Option value="all">{t('admin.users.filterAll')}</Option>
          <Option value="active">{t('admin.users.active')}</Option>
          <Option value="disabled">{t('admin.users.disabled')}</Option>
        </Dropdown>
      </div>
      {error && <Text className={styles.muted}>{t('admin.users.loadFailed', { message: error.message })}</Text>}
      {data && data.data.length === 0 && (
        <Text className={styles.muted} data-testid="users-empty">
          {t('admin.users.empty')}
        </Text>
      )}
      {data && data.data.length > 0 && (
        <div className={styles.wrap}>
          <Table size="small" aria-label={t('admin.users.label')} data-testid="users-table" sortable>
            <TableHeader>
              <TableRow>
                {COLUMNS.map((key) => (
                  <TableHeaderCell
                    key={key}
                    sortDirection={query.sort === key ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined}
                    onClick={() => handleSort(key)}
                  >
                    {t(`admin.users.columns.${key}`)}
                  </TableHeaderCell>
                ))}
                <TableHeaderCell>{t('admin.users.columns.status')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.data.map((u) => (
                <TableRow key={u.id} data-testid="user-row">
                  <TableCell>
                    <div className={styles.who}>
                      <AppLink to={`/admin/users/${u.id}`}>{u.name}</AppLink>
                      <Text size={200} className={styles.muted}>
                        {u.email}
                      </Text>
                    </div>
                  </TableCell>
                  <TableCell>{tierText(u.tier)}</TableCell>
                  <TableCell>{formatNumber(u.balance)}</TableCell>
                  <TableCell>{formatNumber(u.tokens30d)}</TableCell>
                  <TableCell>{formatNumber(u.analyses)}</TableCell>
                  <TableCell>{formatDateTime(u.lastActiveAt)}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={u.status === 'active' ? 'success' : 'danger'}>
                      {t(`admin.status.${u.status}`)}
                    </Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {data && (
        <div className={styles.pager}>
          <Text className={styles.muted}>
            {t('admin.users.pager', { count: data.pagination.total, page: query.page, pages })}
          </Text>
          <Button size="small" disabled={query.page <= 1} onClick={() => setQuery((q) => ({ ...q, page: q.page - 1 }))}>
            {t('admin.users.previous')}
          </Button>
          <Button size="small" disabled={query.page >= pages} onClick={() => setQuery((q) => ({ ...q, page: q.page + 1 }))}>
            {t('admin.users.next')}
          </Button>
        </div>
      )}
    </div>
  );
}
