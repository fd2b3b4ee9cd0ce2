/**
 * Outgoing mail. Every message is written to the `outbox` table first. With SMTP_URL it is then sent by
 * nodemailer; without, it is logged (links included) so a local install can verify and reset with no
 * mail server.
 */
import type { Knex } from 'knex';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';

export interface MailMessage {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export class Mailer {
  private readonly transport: Transporter | null;

  constructor(
    private readonly knex: Knex,
    private readonly log: Logger,
    private readonly config: Config['mail'],
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  /** Records and delivers a message. Delivery failures are recorded on the outbox row, not thrown. */
  async send(message: MailMessage): Promise<void> {
    const [row] = await this.knex('outbox')
      .insert({ ...message, html: message.html ?? null, status: 'pending' })
      .returning('id');
    const id = (row as { id: string }).id;
    if (!this.transport) {
      this.log.info({ mail: { id, kind: message.kind, to: message.to, subject: message.subject, text: message.text } }, 'mail (no SMTP_URL: logged, not sent)');
      await this.knex('outbox').where({ id }).update({ status: 'logged', updated_at: new Date() });
      return;
    }
    try {
      await this.transport.sendMail({ from: this.config.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      await this.knex('outbox').where({ id }).update({ status: 'sent', sent_at: new Date(), updated_at: new Date() });
    } catch (err) {
      this.log.error({ err, id }, 'mail delivery failed');
      await this.knex('outbox')
        .where({ id })
        .update({ status: 'failed', error: String((err as Error).message ?? err).slice(0, 1000), updated_at: new Date() });
    }
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}
