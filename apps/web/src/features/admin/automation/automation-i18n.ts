import i18n from '../../../i18n';
import ca from './i18n/ca.json';
import en from './i18n/en.json';
import es from './i18n/es.json';

// The automation screens' strings, namespace 'automation' (this folder sits below admin/, out of the glob that
// loads top-level feature catalogues).
for (const [language, bundle] of Object.entries({ es, ca, en }))
  if (!i18n.hasResourceBundle(language, 'automation')) i18n.addResourceBundle(language, 'automation', bundle);

export const AUTOMATION_NS = 'automation';
