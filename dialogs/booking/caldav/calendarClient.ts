import { calendarQuery, createAccount, createObject, deleteObject, fetchCalendars, type DAVResponse } from 'tsdav';
import { BackendError } from '../../../bots/backendError';
import { CALDAV, caldavError, davFetch, unexpectedStatus, type DavHttpOptions } from './davHttp';

/** One calendar object (an .ics resource) as the server holds it. */
export interface CalendarObject {
  url: string;
  etag?: string;
  data: string;
}

export interface CalendarClientOptions extends DavHttpOptions {
  serverUrl: string;
  /** The calendar collection; without it the account's first calendar that takes events is used. */
  calendarUrl?: string;
}

/** tsdav's XML element shape (xml-js's compact form), without importing xml-js itself. */
type Element = NonNullable<Parameters<typeof calendarQuery>[0]['filters']>;

const icsTime = (time: Date) => `${time.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

function calendarDataOf(response: DAVResponse): string | undefined {
  const data: unknown = response.props?.calendarData;
  if (typeof data === 'string') return data;
  const cdata: unknown = (data as { _cdata?: unknown } | undefined)?._cdata;
  return typeof cdata === 'string' ? cdata : undefined;
}

/**
 * The few CalDAV requests bookings need, on tsdav, each ending in a calendar object, a plain
 * answer or a BackendError: never an unexplained exception from the transport.
 */
export class CalendarClient {
  private readonly http: typeof fetch;
  private calendar: Promise<string> | undefined;

  constructor(private readonly options: CalendarClientOptions) {
    this.http = davFetch(options);
  }

  /** The calendar collection's URL (with a trailing slash), discovered once when not configured. */
  calendarUrl(): Promise<string> {
    if (this.options.calendarUrl) return Promise.resolve(withSlash(this.options.calendarUrl));
    this.calendar ??= this.discover().catch((err: unknown) => {
      this.calendar = undefined; // the next turn tries again
      throw err;
    });
    return this.calendar;
  }

  /** The object at `<code>.ics` in the calendar. */
  async objectUrl(name: string): Promise<string> {
    return new URL(`${encodeURIComponent(name)}.ics`, await this.calendarUrl()).href;
  }

  /** The events overlapping [from, to) (a calendar-query with a time range; recurring ones whole). */
  async eventsBetween(from: Date, to: Date): Promise<CalendarObject[]> {
    return this.query('CalendarClient.eventsBetween()', { 'time-range': { _attributes: { start: icsTime(from), end: icsTime(to) } } });
  }

  /** The events whose property `name` contains `value` (matched by the server, case-insensitively). */
  async eventsWith(name: string, value: string): Promise<CalendarObject[]> {
    return this.query('CalendarClient.eventsWith()', { 'prop-filter': { _attributes: { name: name.toUpperCase() }, 'text-match': { _text: value } } });
  }

  async get(url: string): Promise<CalendarObject | undefined> {
    const what = 'CalendarClient.get()';
    try {
      const response = await this.http(url, { method: 'GET', headers: { accept: 'text/calendar' } });
      if (response.status === 404 || response.status === 410) return undefined;
      if (!response.ok) throw unexpectedStatus(response, what);
      return { url, etag: response.headers.get('etag') ?? undefined, data: await response.text() };
    } catch (err) {
      throw caldavError(err, what);
    }
  }

  /** Creates the object only if nothing is at `url` yet; 'exists' when something is. */
  async create(url: string, data: string): Promise<{ etag?: string } | 'exists'> {
    const what = 'CalendarClient.create()';
    try {
      const response = await createObject({ url, data, headers: { 'content-type': 'text/calendar; charset=utf-8', 'if-none-match': '*' }, fetch: this.http });
      await response.body?.cancel();
      if (response.status === 412) return 'exists';
      if (!response.ok) throw unexpectedStatus(response, what);
      return { etag: response.headers.get('etag') ?? undefined };
    } catch (err) {
      throw caldavError(err, what);
    }
  }

  /** Deletes the object if it is still as read (its ETag); 'changed' when it is not, 'gone' when it is not there. */
  async remove(url: string, etag: string | undefined): Promise<'deleted' | 'changed' | 'gone'> {
    const what = 'CalendarClient.remove()';
    try {
      const response = await deleteObject({ url, etag, fetch: this.http });
      await response.body?.cancel();
      if (response.status === 404 || response.status === 410) return 'gone';
      if (response.status === 412) return 'changed';
      if (!response.ok) throw unexpectedStatus(response, what);
      return 'deleted';
    } catch (err) {
      throw caldavError(err, what);
    }
  }

  private async query(what: string, eventFilter: Element): Promise<CalendarObject[]> {
    try {
      const url = await this.calendarUrl();
      const responses = await calendarQuery({
        url,
        props: { 'd:getetag': {}, 'c:calendar-data': {} },
        filters: { 'comp-filter': { _attributes: { name: 'VCALENDAR' }, 'comp-filter': { _attributes: { name: 'VEVENT' }, ...eventFilter } } },
        depth: '1',
        fetch: this.http,
      });
      return responses.map((response) => {
        const data = calendarDataOf(response);
        if (!response.href || data === undefined) throw new BackendError(CALDAV, 'invalid-response', `${what}: an answer without calendar data (${response.status ?? '?'})`);
        return { url: new URL(response.href, url).href, etag: response.props?.getetag === undefined ? undefined : String(response.props.getetag), data };
      });
    } catch (err) {
      throw caldavError(err, what);
    }
  }

  private async discover(): Promise<string> {
    const what = 'CalendarClient.discover()';
    try {
      const account = await createAccount({ account: { serverUrl: this.options.serverUrl, accountType: 'caldav' }, fetch: this.http });
      const calendars = await fetchCalendars({ account, fetch: this.http });
      const calendar = calendars.find((c) => !c.components?.length || c.components.includes('VEVENT'));
      if (!calendar) throw new BackendError(CALDAV, 'no-calendar', `${what}: the account at ${new URL(this.options.serverUrl).host} has no calendar for events`);
      return withSlash(calendar.url);
    } catch (err) {
      throw caldavError(err, what);
    }
  }
}
