import { modals } from '@mantine/modals';
import i18n from '../../i18n';
import { PHONE_QUERY } from '../../ui/use-phone';
import { type ComposeDraft, ComposeEmail } from './ComposeEmail';
import { quoted, replyLinks, replyRecipients, replySubject } from './email-format';
import type { Email } from './emails.api';
import classes from './emails.module.css';

export type { ComposeDraft };

/** The compose window: a dialog on a desktop, a full-screen sheet on a phone (focus trapped and returned). */
export function openCompose(draft: ComposeDraft, title = i18n.t('emails:compose.title')) {
  const phone = globalThis.matchMedia?.(PHONE_QUERY).matches ?? false;
  const id = modals.open({
    title,
    size: 'xl',
    fullScreen: phone,
    className: classes.touch,
    closeOnClickOutside: false,
    closeButtonProps: { 'aria-label': i18n.t('emails:close') },
    children: <ComposeEmail draft={draft} onDone={() => modals.close(id)} />,
  });
}

/** "Responder": to the sender of a received mail (to the recipients of one we sent), in the same thread. */
export function openReply(email: Email) {
  const intro = i18n.t('emails:compose.quote_intro', { from: email.from.name || email.from.address });
  openCompose(
    {
      ...replyLinks(email),
      to: replyRecipients(email),
      subject: replySubject(email.subject),
      text: quoted(email, intro),
      replyToEmailId: email.id,
      accountId: email.account_id,
    },
    i18n.t('emails:compose.reply_title'),
  );
}
