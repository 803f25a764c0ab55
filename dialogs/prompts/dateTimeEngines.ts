import { englishDateTimes } from './recognizerModels';
import * as chrono from 'chrono-node';
import { compareDates, compareTimes, dateOf, type CalendarDate, type ClockTime, type DateTimeParts, type ReferenceTime } from './clock';
import { germanWord } from './numbers';
import { blank, fold, matchesOf } from './text';

/**
 * English goes to Recognizers-Text first (it reads "Wednesday around 2pm", "quarter to five",
 * "half past three", which chrono-node misses) and falls back to chrono-node's British English
 * where Recognizers-Text 1.3.1 gives nothing or only past dates: it reads "this friday" said on a
 * Sunday as the Friday before. German goes to chrono-node, whose German model knows the phrases
 * Recognizers-Text's does not ("nächsten Dienstag um 15 Uhr").
 */
export function englishParts(text: string, ref: ReferenceTime): DateTimeParts | null {
  // Recognizers-Text 1.3.1 resolves "a week from today" to next Monday; chrono-node reads "in a week".
  const prepared = text.replace(/\b(an?|one) week from (today|now)\b/gi, (m) => 'in a week'.padEnd(m.length));
  return recognizersParts(prepared, ref) ?? chronoParts(chrono.en.GB, prepared, ref);
}

export function germanParts(text: string, ref: ReferenceTime): DateTimeParts | null {
  const folded = fold(text);
  const clock = germanClockWords(folded);
  // "gegen 14 Uhr" and "ca. 14 Uhr" mean "um 14 Uhr" for booking purposes; same length keeps spans.
  let prepared = text.replace(/\b(gegen|ca\.|etwa)(?=\s+\d)/gi, (m) => 'um'.padEnd(m.length));
  if (clock) prepared = blank(prepared, [clock]);
  const parts = chronoParts(chrono.de.casual, prepared, ref);
  if (!clock) return parts;
  if (!parts) return { ...clock };
  if (parts.time) return parts;
  return { ...parts, time: clock.time, meridiemUnknown: true, start: Math.min(parts.start, clock.start), end: Math.max(parts.end, clock.end) };
}

interface Candidate {
  date?: CalendarDate;
  time?: ClockTime;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Reads one resolution value of Recognizers-Text ("2026-11-23 15:00:00", "15:00:00", a range). */
function candidateOf(value: unknown): Candidate | null {
  const type = field(value, 'type');
  const timex = field(value, 'timex');
  const text = type === 'date' || type === 'time' || type === 'datetime' ? field(value, 'value') : field(value, 'start');
  if (typeof text !== 'string') return null;
  const m = /^(?:(\d{4})-(\d{2})-(\d{2}))?\s*(?:(\d{2}):(\d{2})(?::\d{2})?)?$/.exec(text.trim());
  if (!m) return null;
  const candidate: Candidate = {};
  if (m[1] && m[2] && m[3]) candidate.date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  // A part of the day ("tomorrow morning", timex 2026-11-23TMO) is not a clock time the customer gave.
  const daypartOnly = typeof timex === 'string' && /T(?:MO|AF|EV|NI|DT)\)?$/.test(timex);
  if (m[4] && m[5] && !daypartOnly) candidate.time = { hour: Number(m[4]), minute: Number(m[5]) };
  return candidate.date || candidate.time ? candidate : null;
}

function isPast(c: Candidate, ref: ReferenceTime): boolean {
  if (!c.date) return false;
  const byDate = compareDates(c.date, dateOf(ref.now));
  if (byDate !== 0 || !c.time) return byDate < 0;
  return compareTimes(c.time, { hour: ref.now.hour, minute: ref.now.minute }) < 0;
}

function recognizersParts(text: string, ref: ReferenceTime): DateTimeParts | null {
  for (const result of englishDateTimes(text, ref.engineDate)) {
    const start = field(result, 'start');
    const end = field(result, 'end');
    const values = field(field(result, 'resolution'), 'values');
    if (typeof start !== 'number' || typeof end !== 'number' || !Array.isArray(values)) continue;
    const candidates = (values as unknown[]).map(candidateOf).filter((c): c is Candidate => c !== null);
    const first = candidates[0];
    if (!first) continue;
    // Recognizers-Text lists "at 9" as 09:00 and 21:00 and "Friday" as last and next Friday. The
    // hour as written comes first; of its dates, the earliest not yet past is the one meant.
    // An hour from 1 to 7 with a pm twin ("at 3" → 03:00 and 15:00) is read as pm, as `readClock` does.
    const twin = first.time && first.time.hour >= 1 && first.time.hour <= 7 ? { hour: first.time.hour + 12, minute: first.time.minute } : undefined;
    const literalTime = twin && candidates.some((c) => c.time && compareTimes(c.time, twin) === 0) ? twin : first.time;
    const literal = candidates.filter((c) => (c.time && literalTime ? compareTimes(c.time, literalTime) === 0 : !c.time && !literalTime));
    const upcoming = literal.filter((c) => !isPast(c, ref));
    upcoming.sort((a, b) => (a.date && b.date ? compareDates(a.date, b.date) : 0));
    const chosen = upcoming[0];
    // All in the past: "this friday" on a Sunday. Let the caller try chrono-node instead.
    if (!chosen) return null;
    return { start, end: end + 1, ...chosen };
  }
  return null;
}

type ChronoResult = ReturnType<chrono.Chrono['parse']>[number];

function partsOf(result: ChronoResult, ref: ReferenceTime): DateTimeParts {
  const { start: c } = result;
  const parts: DateTimeParts = { start: result.index, end: result.index + result.text.length };
  if (result.tags().has('result/relativeDateAndTime')) {
    parts.instant = ref.now.plus({ milliseconds: result.start.date().getTime() - ref.engineDate.getTime() });
    return parts;
  }
  const [year, month, day, hour, minute] = [c.get('year'), c.get('month'), c.get('day'), c.get('hour'), c.get('minute')];
  if ((c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month')) && year !== null && month !== null && day !== null) {
    parts.date = { year, month, day };
  }
  if (c.isCertain('hour') && hour !== null) {
    parts.time = { hour, minute: minute ?? 0 };
    parts.meridiemUnknown = !c.isCertain('meridiem') && !/(?<!\d)0\d[:.]\d/.test(result.text);
  }
  return parts;
}

/**
 * Chrono's first result; when it holds only a date or only a time, a later result supplies the
 * other half ("morgen früh um 9" arrives as "morgen" and "um 9" once "früh" is blanked out).
 */
export function chronoParts(parser: chrono.Chrono, text: string, ref: ReferenceTime): DateTimeParts | null {
  const [first, ...rest] = parser.parse(text, ref.engineDate, { forwardDate: true }).map((r) => partsOf(r, ref));
  if (!first || (!first.date && !first.time && !first.instant)) return null;
  if (first.instant) return first;
  for (const other of rest) {
    if (!first.time && other.time && !other.date) Object.assign(first, { time: other.time, end: other.end });
    if (!first.date && other.date && !other.time) Object.assign(first, { date: other.date, end: other.end });
  }
  return first;
}

const GERMAN_HOUR = String.raw`(\d{1,2}|[a-z]+)`;
const GERMAN_MONTHS = 'januar|februar|marz|april|mai|juni|juli|august|september|oktober|november|dezember';

/** "halb drei" (2:30), "viertel nach zehn", "viertel vor 3" and an hour right after a month name. */
function germanClockWords(folded: string): (DateTimeParts & { time: ClockTime }) | null {
  const pattern = new RegExp(String.raw`\b(?:um\s+)?(halb|viertel nach|viertel vor|dreiviertel)\s+${GERMAN_HOUR}\b`, 'g');
  for (const m of matchesOf(pattern, folded)) {
    const named = /^\d+$/.test(m[2] ?? '') ? Number(m[2]) : germanWord(m[2] ?? '');
    if (named === null || named < 1 || named > 24 || !Number.isInteger(named)) continue;
    const previous = named === 1 ? 12 : named - 1;
    const time =
      m[1] === 'halb' ? { hour: previous, minute: 30 }
      : m[1] === 'viertel nach' ? { hour: named % 24, minute: 15 }
      : { hour: previous, minute: 45 };
    return { start: m.index, end: m.index + m[0].length, time, meridiemUnknown: true };
  }
  // chrono-node reads the hour in "4. Dezember, 9 Uhr" as the year 2009; the hour is taken here.
  const afterMonth = new RegExp(String.raw`\b(?:${GERMAN_MONTHS})\b\.?,?\s+(\d{1,2})(?::(\d{2}))?\s*uhr\b`, 'g');
  for (const m of matchesOf(afterMonth, folded)) {
    const hour = Number(m[1]);
    const minute = Number(m[2] ?? 0);
    if (hour > 23 || minute > 59) continue;
    const start = m.index + m[0].search(/\d/);
    return { start, end: m.index + m[0].length, time: { hour, minute }, meridiemUnknown: !(m[1] ?? '').startsWith('0') };
  }
  return null;
}

