import { Button, Group, SegmentedControl, Text } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './emails.module.css';

/**
 * The mail's HTML as received, inside a sandboxed frame: `sandbox=""` runs no script, submits no form and
 * cannot reach Trato's page; a Content-Security-Policy in the document blocks remote loads (tracking pixels)
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
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as 'html' | 'text')}
            data={[
              { value: 'html', label: t('detail.view_html') },
              { value: 'text', label: t('detail.view_text') },
            ]}
            aria-label={t('detail.view_label')}
          />
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
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={documentOf(html, images)}
          className={classes.frame}
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

function documentOf(html: string, images: boolean): string {
  const img = images ? 'img-src data: cid: https: http:' : 'img-src data: cid:';
  const policy = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; ${img}`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"><meta name="referrer" content="no-referrer"><style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;line-height:1.5;color:#1a1b1e;background:#fff;margin:12px;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}</style></head><body>${html}</body></html>`;
}
