import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

// Validates iCalendar text with two independent validators from Debian:
// - libical, the reference C implementation (gir1.2-ical-3.0 through python3-gi): its parser reports every line
//   it cannot read, and its restriction check applies RFC 5546's per-METHOD rules (a REQUEST needs ORGANIZER,
//   ATTENDEE, DTSTAMP, SEQUENCE…); without a METHOD (a published feed) it checks little,
// - python3-vobject with validate=True: RFC 5545's required properties (UID, DTSTAMP, DTSTART without METHOD,
//   VERSION, PRODID), no DTEND together with DURATION, and every value parsed by its type.
const PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'apt-get install -y python3-gi gir1.2-ical-3.0 python3-vobject';

const SCRIPT = `
import sys
try:
    import gi
    gi.require_version('ICalGLib', '3.0')
    from gi.repository import ICalGLib as I
    import vobject
except Exception as error:
    print('VALIDATOR-MISSING: ' + str(error))
    sys.exit(3)
text = sys.stdin.read()
comp = I.Component.new_from_string(text)
if comp is None:
    print('not an iCalendar object')
    sys.exit(1)
I.restriction_check(comp)
errors = []
def walk(c):
    p = c.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while p:
        errors.append(I.Component.kind_to_string(c.isa()) + ': ' + p.get_xlicerror())
        p = c.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    s = c.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while s:
        walk(s)
        s = c.get_next_component(I.ComponentKind.ANY_COMPONENT)
walk(comp)
try:
    for vcal in vobject.readComponents(text, validate=True):
        vcal.validate(raiseException=True, complainUnrecognized=False)
except Exception as error:
    errors.append('vobject: ' + type(error).__name__ + ': ' + str(error))
print('\\n'.join(errors))
sys.exit(1 if errors else 0)
`;

/** The validator's complaints about the text (empty when it is valid); throws when libical is not installed. */
export function icalValidationErrors(ics: string): Promise<string[]> {
  if (!existsSync(PYTHON))
    throw new Error(`${PYTHON} is missing: the iCalendar validator needs ${INSTALL_HINT}`);
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, ['-c', SCRIPT], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (stdout.startsWith('VALIDATOR-MISSING'))
        return reject(new Error(`libical is not installed (${stdout.trim()}): ${INSTALL_HINT}`));
      const code = error ? (error as { code?: unknown }).code : 0;
      if (code !== 0 && code !== 1)
        return reject(new Error(`the iCalendar validator failed: ${stderr || error?.message}`));
      resolve(stdout.split('\n').filter((line) => line.trim() !== ''));
    });
    child.stdin?.end(ics);
  });
}
