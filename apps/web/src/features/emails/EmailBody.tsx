import { Button, Group, Text } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './emails.module.css';

/**
 * The mail's HTML as received, inside a sandboxed frame that runs no script, submits no form and cannot reach
 * Trato's page; its links (target=_blank from the server's sanitiser) open in a new tab, outside the sandbox; a Content-Security-Policy in the document blocks remote loads (tracking pixels)
 * until the reader asks for images. The text version is always one click away.
 */
export function EmailBody({ html, text, title }: { html: string | null; text: string; title: string }) {
  const { t } = useTranslation('emails');
  const [view, setView] = useState<'html' | 'text'>(html ? 'html' : 'text');
  const [images, setImages] = useState(false);
  const hasRemote = Boolean(html && /\bsrc\s*=\s*["']?\s*(https?:)?\/\//i.test(html));
  return (
    <>
      {html && (
        <Group justify="space-between" gap="xs">
          <Button.Group aria-label={t('detail.view_label')}>
            {(['html', 'text'] as const).map((v) => (
              <Button
                key={v}
                size="compact-sm"
                variant={view === v ? 'light' : 'default'}
                aria-pressed={view === v}
                onClick={() => setView(v)}
              >
                {t(v === 'html' ? 'detail.view_html' : 'detail.view_text')}
              </Button>
            ))}
          </Button.Group>
          {view === 'html' && hasRemote && !images && (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconPhoto size={14} aria-hidden />}
              onClick={() => setImages(true)}
            >
              {t('detail.load_images')}
            </Button>
          )}
        </Group>
      )}
      {view === 'html' && html ? (
        <iframe
          title={title}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          srcDoc={documentOf(html, images)}
          className={classes.frame}
          style={{ height: frameHeight(html) }}
        />
      ) : text.trim() ? (
        <Text size="sm" className={classes.text}>
          {text}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {t('detail.no_body')}
        </Text>
      )}
    </>
  );
}

/**
 * The frame cannot be measured (a sandbox without scripts), so its height is guessed from the amount of text and
 * blocks; the reader can drag it taller.
 */
function frameHeight(html: string): number {
  const text = html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
  const blocks = (html.match(/<(p|br|tr|li|h[1-6]|div|img)\b/gi) ?? []).length;
  return Math.round(Math.min(640, Math.max(160, 40 + (text.length / 70) * 22 + blocks * 18)));
}

function documentOf(html: string, images: boolean): string {
  const img = images ? 'img-src data: cid: https: http:' : 'img-src data: cid:';
  const policy = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; ${img}`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"><meta name="referrer" content="no-referrer"><style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;line-height:1.5;color:#1a1b1e;background:#fff;margin:12px;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}</style></head><body>${html}</body></html>`;
}
