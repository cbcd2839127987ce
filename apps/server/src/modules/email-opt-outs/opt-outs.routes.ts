import { LOCALES, type Locale } from '@trato/contracts/common';
import {
  CreateEmailOptOutRequest,
  EmailOptOut,
  EmailOptOutList,
  EmailOptOutQuery,
} from '@trato/contracts/mail';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import { negotiateLocale } from '../../platform/i18n.ts';
import type { AppModule } from '../../platform/module.ts';
import { getCompanyProfile } from '../company/company.service.ts';
import {
  emailIdOfToken,
  listOptOuts,
  mailOfLink,
  optBackIn,
  optOutByUser,
  unsubscribeByLink,
} from './opt-outs.service.ts';
import { unsubscribePage } from './unsubscribe-page.ts';

const tags = ['email-opt-outs'];
const edit = { object: 'entities', action: 'edit' } as const;
const TokenParams = z.object({ token: z.string().max(200) });

export const emailOptOutsModule: AppModule = {
  name: 'email-opt-outs',
  routes(app, { db }) {
    app.get(
      '/email-opt-outs',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Which of these addresses (address=…, repeated, up to 100) opted out of commercial mail',
          querystring: EmailOptOutQuery,
          response: { 200: EmailOptOutList },
        },
      },
      async (request) => ({ data: await listOptOuts(db, request.query.address) }),
    );
    app.put(
      '/email-opt-outs',
      {
        config: { access: edit },
        schema: {
          tags,
          summary: 'Record that an address wants no commercial mail (the person said so); idempotent',
          body: CreateEmailOptOutRequest,
          response: { 200: EmailOptOut },
        },
      },
      async (request) => optOutByUser(db, authOf(request), request.body.address),
    );
    app.delete(
      '/email-opt-outs/:address',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'The person asked for commercial mail again: remove the opt-out (administrators only)',
          params: z.object({ address: z.string().max(320) }),
        },
      },
      async (request, reply) => {
        await optBackIn(db, authOf(request), request.params.address);
        return reply.status(204).send();
      },
    );

    // The recipient's side: the link in a commercial mail and the mail client's one-click button (RFC 8058).
    const pageLocale = (language: string | null, acceptLanguage: string | undefined): Locale =>
      (LOCALES as readonly string[]).includes(language ?? '')
        ? (language as Locale)
        : negotiateLocale(acceptLanguage);
    const companyName = async (fallback: string) => (await getCompanyProfile(db)).name ?? fallback;
    /** The mail a link was made for (null: forged, or the mail is gone) and the language to answer in. */
    const linkOf = async (token: string, acceptLanguage: string | undefined) => {
      const emailId = emailIdOfToken(token);
      const mail = emailId ? await mailOfLink(db, emailId) : null;
      return { mail, locale: pageLocale(mail?.language ?? null, acceptLanguage) };
    };

    app.register(async (plain) => {
      const scope = plain as unknown as typeof app;
      // The confirm form and RFC 8058 clients post a form; its fields are not needed, only that it came.
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 1024 },
        (_request, body, done) => done(null, body),
      );
      scope.get(
        '/unsubscribe/:token',
        {
          config: { access: 'public' },
          schema: {
            tags,
            summary: 'The page an unsubscribe link opens: asks to confirm',
            security: [{}],
            params: TokenParams,
          },
        },
        async (request, reply) => {
          const { mail, locale } = await linkOf(request.params.token, request.headers['accept-language']);
          const html = mail
            ? unsubscribePage(locale, {
                state: 'confirm',
                company: await companyName(mail.fromName),
                addresses: mail.to,
              })
            : unsubscribePage(locale, { state: 'invalid' });
          return reply
            .status(mail ? 200 : 404)
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .header('referrer-policy', 'no-referrer')
            .send(html);
        },
      );
      scope.post(
        '/unsubscribe/:token',
        {
          config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
          schema: {
            tags,
            summary: 'Unsubscribe: the confirm button, or a mail client posting List-Unsubscribe=One-Click',
            security: [{}],
            params: TokenParams,
          },
        },
        async (request, reply) => {
          const { mail, locale } = await linkOf(request.params.token, request.headers['accept-language']);
          if (!mail)
            return reply
              .status(404)
              .type('text/html; charset=utf-8')
              .send(unsubscribePage(locale, { state: 'invalid' }));
          const oneClick =
            typeof request.body === 'string' && request.body.includes('List-Unsubscribe=One-Click');
          const addresses = await unsubscribeByLink(db, mail.id, oneClick ? 'one_click' : 'link');
          return reply
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .send(
              unsubscribePage(locale, {
                state: 'done',
                company: await companyName(mail.fromName),
                addresses,
              }),
            );
        },
      );
    });
  },
};
