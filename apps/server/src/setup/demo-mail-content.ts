import type { CreateEmailTemplateRequest } from '@trato/contracts/email-templates';
import { escapeHtml } from '../platform/html-text.ts';

// The words of the demo mail (setup/demo-mail.ts): the demo company, its four templates in Spanish, Catalan and
// English, and what its people and its customers write to each other in Spanish and Catalan.

export type Lang = 'es' | 'ca';

/** The demo company's own details, for {{ company.* }} (read by the templates' merge context). */
export const COMPANY = {
  name: 'Vallès Gestió, S.L.',
  email: 'info@example.com',
  phone: '937 25 40 10',
  web: 'www.example.com',
  address: 'Carrer de la Indústria, 12, 08202 Sabadell',
};

/** Plain text → the HTML a mail editor makes of it: a paragraph per blank-line block, line breaks kept. */
export const htmlOf = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>\n')}</p>`)
    .join('\n');

const part = (subject: string, text: string) => ({ subject, text, html: htmlOf(text) });

// Templates --------------------------------------------------------------------------------------------------------

export type TemplateKey = 'presentation' | 'proposal' | 'claim' | 'visit' | 'newsletter';

export const TEMPLATES: Record<TemplateKey, CreateEmailTemplateRequest> = {
  presentation: {
    name: 'Presentación de la empresa',
    description: 'Primer correo a un contacto nuevo: quiénes somos y qué le podemos ofrecer.',
    default_language: 'es',
    content: {
      es: part(
        '{{ company.name }} · Gestión, CRM y TPV para {{ entity.name }}',
        `Hola, {{ contact.first_name }}:

Soy {{ sender.name }}, de {{ company.name }}. Ayudamos a pymes como {{ entity.name }} a llevar el día a día con menos papeles: ERP y CRM en la nube, terminales de punto de venta, instalación, formación y un soporte cercano, en castellano y en catalán.

Si te parece bien, te llamo esta semana y en veinte minutos te enseño cómo lo usan otras empresas como la vuestra.

Un saludo,
{{ sender.name }}
{{ company.name }} · {{ company.phone }} · {{ company.web }}`,
      ),
      ca: part(
        '{{ company.name }} · Gestió, CRM i TPV per a {{ entity.name }}',
        `Hola, {{ contact.first_name }}:

Soc {{ sender.name }}, de {{ company.name }}. Ajudem pimes com {{ entity.name }} a portar el dia a dia amb menys paperassa: ERP i CRM al núvol, terminals de punt de venda, instal·lació, formació i un suport proper, en català i en castellà.

Si et sembla bé, et truco aquesta setmana i en vint minuts t'ensenyo com el fan servir altres empreses com la vostra.

Salutacions,
{{ sender.name }}
{{ company.name }} · {{ company.phone }} · {{ company.web }}`,
      ),
      en: part(
        '{{ company.name }} · Business software, CRM and POS for {{ entity.name }}',
        `Hello {{ contact.first_name }},

I am {{ sender.name }} from {{ company.name }}. We help small businesses like {{ entity.name }} run their day-to-day with less paperwork: cloud ERP and CRM, point-of-sale terminals, installation, training and support close at hand.

If you agree, I will call you this week and show you in twenty minutes how companies like yours use it.

Best regards,
{{ sender.name }}
{{ company.name }} · {{ company.phone }} · {{ company.web }}`,
      ),
    },
  },
  proposal: {
    name: 'Envío de propuesta',
    description: 'La propuesta de una oportunidad: número, importe y validez, con su responsable.',
    default_language: 'es',
    content: {
      es: part(
        'Propuesta {{ case.number }} · {{ case.title }}',
        `Hola, {{ contact.first_name }}:

Tal como hablamos, te envío nuestra propuesta para «{{ case.title }}» ({{ case.number }}).

Importe: {{ case.amount | money }} (IVA no incluido)
Oferta válida hasta el {{ case.expected_close | date }}

Si quieres que revisemos algún punto o ajustemos cantidades, dímelo y te preparo una nueva versión.

Tu persona de contacto para todo el proyecto es {{ owner.name }} ({{ owner.email }}).

Un saludo,
{{ sender.name }}
{{ company.name }} · {{ company.phone }}`,
      ),
      ca: part(
        'Proposta {{ case.number }} · {{ case.title }}',
        `Hola, {{ contact.first_name }}:

Tal com vam parlar, t'envio la nostra proposta per a «{{ case.title }}» ({{ case.number }}).

Import: {{ case.amount | money }} (IVA no inclòs)
Oferta vàlida fins al {{ case.expected_close | date }}

Si vols que revisem algun punt o que ajustem quantitats, digues-m'ho i et preparo una nova versió.

La teva persona de contacte per a tot el projecte és {{ owner.name }} ({{ owner.email }}).

Salutacions,
{{ sender.name }}
{{ company.name }} · {{ company.phone }}`,
      ),
      en: part(
        'Proposal {{ case.number }} · {{ case.title }}',
        `Hello {{ contact.first_name }},

As discussed, here is our proposal for "{{ case.title }}" ({{ case.number }}).

Amount: {{ case.amount | money }} (VAT not included)
Offer valid until {{ case.expected_close | date }}

If you would like us to review any point or adjust quantities, let me know and I will prepare a new version.

Your contact person for the whole project is {{ owner.name }} ({{ owner.email }}).

Best regards,
{{ sender.name }}
{{ company.name }} · {{ company.phone }}`,
      ),
    },
  },
  claim: {
    name: 'Seguimiento de reclamación',
    description: 'Al cliente que ha reclamado: número de la reclamación, cómo está y quién la lleva.',
    default_language: 'es',
    content: {
      es: part(
        'Reclamación {{ case.number }} · {{ case.title }}',
        `Hola, {{ contact.first_name }}:

Tenemos registrada tu reclamación «{{ case.title }}» con el número {{ case.number }}. Estado actual: {{ case.status }}.

La lleva {{ owner.name }}, que te irá informando de cada paso. Si quieres añadir algo (fotos, albaranes, números de serie), responde a este correo sin cambiar el asunto y quedará en el mismo expediente.

Gracias por tu paciencia.

Un saludo,
{{ sender.name }}
{{ company.name }} · {{ company.phone }}`,
      ),
      ca: part(
        'Reclamació {{ case.number }} · {{ case.title }}',
        `Hola, {{ contact.first_name }}:

Tenim registrada la teva reclamació «{{ case.title }}» amb el número {{ case.number }}. Estat actual: {{ case.status }}.

La porta {{ owner.name }}, que t'anirà informant de cada pas. Si vols afegir-hi alguna cosa (fotos, albarans, números de sèrie), respon aquest correu sense canviar l'assumpte i quedarà al mateix expedient.

Gràcies per la teva paciència.

Salutacions,
{{ sender.name }}
{{ company.name }} · {{ company.phone }}`,
      ),
      en: part(
        'Claim {{ case.number }} · {{ case.title }}',
        `Hello {{ contact.first_name }},

Your claim "{{ case.title }}" is registered under number {{ case.number }}. Current status: {{ case.status }}.

{{ owner.name }} is handling it and will keep you informed at every step. If you want to add anything (photos, delivery notes, serial numbers), reply to this email without changing the subject and it will be filed with the claim.

Thank you for your patience.

Best regards,
{{ sender.name }}
{{ company.name }} · {{ company.phone }}`,
      ),
    },
  },
  visit: {
    name: 'Confirmación de visita',
    description: 'Confirma al cliente la visita acordada por teléfono, en su dirección.',
    default_language: 'es',
    content: {
      es: part(
        'Confirmación de visita · {{ entity.name }}',
        `Hola, {{ contact.first_name }}:

Como hemos quedado por teléfono, te confirmo la visita a vuestras instalaciones de {{ entity.address }}, {{ entity.postal_code }} {{ entity.city }}.

Llevaré una demostración del programa de gestión y de los terminales de punto de venta, y repasaremos juntos cómo trabajáis ahora. Calcula una hora, más o menos.

Si os va mejor otro día u otra hora, responde a este correo o llámanos al {{ company.phone }}.

Un saludo,
{{ sender.name }}
{{ company.name }}`,
      ),
      ca: part(
        'Confirmació de visita · {{ entity.name }}',
        `Hola, {{ contact.first_name }}:

Tal com hem quedat per telèfon, et confirmo la visita a les vostres instal·lacions de {{ entity.address }}, {{ entity.postal_code }} {{ entity.city }}.

Portaré una demostració del programa de gestió i dels terminals de punt de venda, i repassarem junts com treballeu ara. Compta una hora, més o menys.

Si us va millor un altre dia o una altra hora, respon aquest correu o truca'ns al {{ company.phone }}.

Salutacions,
{{ sender.name }}
{{ company.name }}`,
      ),
      en: part(
        'Visit confirmation · {{ entity.name }}',
        `Hello {{ contact.first_name }},

As agreed on the phone, I confirm our visit to your premises at {{ entity.address }}, {{ entity.postal_code }} {{ entity.city }}.

I will bring a demonstration of the management software and the point-of-sale terminals, and we will go through how you work today together. It takes about an hour.

If another day or time suits you better, reply to this email or call us on {{ company.phone }}.

Best regards,
{{ sender.name }}
{{ company.name }}`,
      ),
    },
  },
  newsletter: {
    name: 'Novedades del trimestre',
    description:
      'Boletín para enviar a muchos clientes desde la lista de entidades. Comercial: lleva enlace de baja y no llega a quien se dio de baja.',
    default_language: 'es',
    commercial: true,
    content: {
      es: part(
        'Novedades de {{ company.name }} para {{ entity.name }}',
        `Hola, {{ contact.first_name }}:

Este trimestre hemos añadido la facturación electrónica Verifactu al programa de gestión, un TPV más rápido para hostelería y formación gratuita en línea cada martes.

Si quieres que te lo enseñemos en vuestras instalaciones, responde a este correo o llámanos al {{ company.phone }}.

Un saludo,
El equipo de {{ company.name }}`,
      ),
      ca: part(
        'Novetats de {{ company.name }} per a {{ entity.name }}',
        `Hola, {{ contact.first_name }}:

Aquest trimestre hem afegit la facturació electrònica Verifactu al programa de gestió, un TPV més ràpid per a hostaleria i formació gratuïta en línia cada dimarts.

Si vols que t'ho ensenyem a les vostres instal·lacions, respon aquest correu o truca'ns al {{ company.phone }}.

Salutacions,
L'equip de {{ company.name }}`,
      ),
      en: part(
        'News from {{ company.name }} for {{ entity.name }}',
        `Hello {{ contact.first_name }},

This quarter we added Verifactu e-invoicing to the management software, a faster point of sale for restaurants and bars, and free online training every Tuesday.

If you would like us to show you at your premises, reply to this email or call us on {{ company.phone }}.

Best regards,
The {{ company.name }} team`,
      ),
    },
  },
};

// Hand-written mails ----------------------------------------------------------------------------------------------

/** What a hand-written text is filled with. */
export interface Fill {
  /** The contact's first name (greeting of our replies). */
  first: string;
  /** The contact's full name and entity (signature of theirs). */
  contact: string;
  entity: string;
  /** Our agent's first name (greeting of theirs) and full name (signature of ours). */
  agent: string;
  agentName: string;
}

export type Text = Record<Lang, (f: Fill) => string>;

const ours = (es: (f: Fill) => string, ca: (f: Fill) => string): Text => ({
  es: (f) => `Hola, ${f.first}:\n\n${es(f)}\n\nUn saludo,\n${f.agentName}\n${COMPANY.name}`,
  ca: (f) => `Hola, ${f.first}:\n\n${ca(f)}\n\nSalutacions,\n${f.agentName}\n${COMPANY.name}`,
});

/** Replies of customers and our answers to them, by what they say. */
export const REPLIES = {
  leadInterested: {
    es: (f: Fill) =>
      `Hola, ${f.agent}:\n\nGracias por escribir. Justo estamos revisando cómo llevamos el almacén y la facturación, así que me interesa. ¿Me puedes llamar el jueves por la mañana?\n\nUn saludo,\n${f.contact}\n${f.entity}`,
    ca: (f: Fill) =>
      `Hola, ${f.agent}:\n\nGràcies per escriure. Justament estem revisant com portem el magatzem i la facturació, així que m'interessa. Em pots trucar dijous al matí?\n\nSalutacions,\n${f.contact}\n${f.entity}`,
  },
  callThursday: ours(
    () => 'Perfecto, te llamo el jueves a las 10:00. Si te va mejor otra hora, dímelo.',
    () => "Perfecte, et truco dijous a les 10:00. Si et va millor una altra hora, digues-m'ho.",
  ),
  leadLater: {
    es: (f: Fill) =>
      `Buenos días:\n\nGracias por la información. Ahora trabajamos con otro proveedor y el contrato vence dentro de unos meses; escribidme más adelante y lo miramos.\n\nSaludos,\n${f.contact}`,
    ca: (f: Fill) =>
      `Bon dia:\n\nGràcies per la informació. Ara treballem amb un altre proveïdor i el contracte venç d'aquí a uns mesos; escriviu-me més endavant i ho mirem.\n\nSalutacions,\n${f.contact}`,
  },
  proposalReceived: {
    es: (f: Fill) =>
      `Hola, ${f.agent}:\n\nRecibida, gracias. La revisamos con gerencia esta semana y te digo algo.\n\nUn saludo,\n${f.contact}`,
    ca: (f: Fill) =>
      `Hola, ${f.agent}:\n\nRebuda, gràcies. La revisem amb gerència aquesta setmana i et dic alguna cosa.\n\nSalutacions,\n${f.contact}`,
  },
  proposalPrice: {
    es: (f: Fill) =>
      `Hola, ${f.agent}:\n\nHemos revisado la propuesta y nos encaja, pero el importe se nos va un poco del presupuesto. ¿Hay margen si firmamos antes de final de mes?\n\nGracias,\n${f.contact}`,
    ca: (f: Fill) =>
      `Hola, ${f.agent}:\n\nHem revisat la proposta i ens encaixa, però l'import se'ns en va una mica del pressupost. Hi ha marge si signem abans de final de mes?\n\nGràcies,\n${f.contact}`,
  },
  discount: ours(
    () =>
      'Si firmáis antes de final de mes, puedo aplicaros un 5 % de descuento sobre el total. Te preparo la propuesta actualizada y te la envío mañana.',
    () =>
      "Si signeu abans de final de mes, us puc aplicar un 5 % de descompte sobre el total. Et preparo la proposta actualitzada i te l'envio demà.",
  ),
  proposalAccepted: {
    es: (f: Fill) =>
      `Hola, ${f.agent}:\n\nTodo correcto, adelante. ¿Nos enviáis el contrato para firmar?\n\nUn saludo,\n${f.contact}`,
    ca: (f: Fill) =>
      `Hola, ${f.agent}:\n\nTot correcte, endavant. Ens envieu el contracte per signar?\n\nSalutacions,\n${f.contact}`,
  },
  contract: ours(
    () =>
      '¡Muchas gracias por la confianza! Hoy mismo te llega el contrato para firmarlo electrónicamente y, en cuanto esté firmado, os llamamos para fijar la fecha de instalación.',
    () =>
      "Moltes gràcies per la confiança! Avui mateix t'arribarà el contracte per signar-lo electrònicament i, un cop signat, us trucarem per fixar la data d'instal·lació.",
  ),
  claimThanks: {
    es: (f: Fill) =>
      `Hola, ${f.agent}:\n\nRecibido, gracias por resolverlo tan rápido.\n\nSaludos,\n${f.contact}`,
    ca: (f: Fill) =>
      `Hola, ${f.agent}:\n\nRebut, gràcies per resoldre-ho tan ràpid.\n\nSalutacions,\n${f.contact}`,
  },
  claimWhen: {
    es: (f: Fill) =>
      `Hola, ${f.agent}:\n\nGracias. ¿Sabéis ya cuándo lo tendremos solucionado? Lo necesitamos antes del fin de semana.\n\nSaludos,\n${f.contact}`,
    ca: (f: Fill) =>
      `Hola, ${f.agent}:\n\nGràcies. Sabeu ja quan ho tindrem solucionat? Ho necessitem abans del cap de setmana.\n\nSalutacions,\n${f.contact}`,
  },
  claimAnswer: ours(
    () =>
      'Lo estamos revisando con el almacén y con administración. Mañana a primera hora te digo algo seguro; en cualquier caso, lo tendréis resuelto antes del viernes.',
    () =>
      'Ho estem revisant amb el magatzem i amb administració. Demà a primera hora et dic alguna cosa segura; en tot cas, ho tindreu resolt abans de divendres.',
  ),
  visitOk: {
    es: (f: Fill) =>
      `Hola, ${f.agent}:\n\nPerfecto, os esperamos. Preguntad por mí en recepción.\n\nSaludos,\n${f.contact}`,
    ca: (f: Fill) =>
      `Hola, ${f.agent}:\n\nPerfecte, us esperem. Pregunteu per mi a recepció.\n\nSalutacions,\n${f.contact}`,
  },
} satisfies Record<string, Text>;

/** Customers who write first, and our answer. */
export const QUESTIONS: { subject: Record<Lang, string>; ask: Text; answer: Text }[] = [
  {
    subject: { es: 'Cargo duplicado en la última factura', ca: "Càrrec duplicat a l'última factura" },
    ask: {
      es: (f) =>
        `Hola, ${f.agent}:\n\nEn la última factura nos aparece cobrada dos veces la cuota de mantenimiento. ¿Lo podéis revisar y, si es un error, enviarnos un abono?\n\nGracias,\n${f.contact}\n${f.entity}`,
      ca: (f) =>
        `Hola, ${f.agent}:\n\nA l'última factura ens apareix cobrada dues vegades la quota de manteniment. Ho podeu revisar i, si és un error, enviar-nos un abonament?\n\nGràcies,\n${f.contact}\n${f.entity}`,
    },
    answer: ours(
      () =>
        'Tienes razón, es un error nuestro: la cuota se facturó dos veces. Hoy mismo emitimos el abono por el importe duplicado y te lo enviamos por correo.\n\nDisculpa las molestias.',
      () =>
        "Tens raó, és un error nostre: la quota es va facturar dues vegades. Avui mateix emetem l'abonament per l'import duplicat i te l'enviem per correu.\n\nDisculpa les molèsties.",
    ),
  },
  {
    subject: {
      es: 'Pedido de rollos de papel para la impresora de tickets',
      ca: 'Comanda de rotlles de paper per a la impressora de tiquets',
    },
    ask: {
      es: (f) =>
        `Buenos días:\n\nNecesitamos 20 cajas de rollos térmicos de 80 mm para las impresoras de tickets. ¿Nos podéis pasar precio y plazo de entrega?\n\nGracias,\n${f.contact}\n${f.entity}`,
      ca: (f) =>
        `Bon dia:\n\nNecessitem 20 caixes de rotlles tèrmics de 80 mm per a les impressores de tiquets. Ens podeu passar preu i termini de lliurament?\n\nGràcies,\n${f.contact}\n${f.entity}`,
    },
    answer: ours(
      () =>
        'La caja de 10 rollos de 80 mm está a 18,50 € + IVA; por 20 cajas os la dejamos a 16,90 €. Si me lo confirmas hoy, salen mañana y las tenéis en 48 horas.',
      () =>
        "La caixa de 10 rotlles de 80 mm val 18,50 € + IVA; per 20 caixes us la deixem a 16,90 €. Si m'ho confirmes avui, surten demà i les tindreu en 48 hores.",
    ),
  },
  {
    subject: { es: 'Formación para el personal nuevo', ca: 'Formació per al personal nou' },
    ask: {
      es: (f) =>
        `Hola, ${f.agent}:\n\nLa semana que viene se incorporan dos personas a la tienda. ¿Podríamos hacer una sesión de formación del TPV y del programa de gestión?\n\nGracias,\n${f.contact}\n${f.entity}`,
      ca: (f) =>
        `Hola, ${f.agent}:\n\nLa setmana que ve entren dues persones noves a la botiga. Podríem fer una sessió de formació del TPV i del programa de gestió?\n\nGràcies,\n${f.contact}\n${f.entity}`,
    },
    answer: ours(
      () =>
        'Sin problema. Os propongo el martes a las 10:00 en vuestra tienda; son unas dos horas. Si os va bien, te envío la confirmación.',
      () =>
        "Cap problema. Us proposo dimarts a les 10:00 a la vostra botiga; són unes dues hores. Si us va bé, t'envio la confirmació.",
    ),
  },
];
