import { CalDavBookingService, type CalDavBookingOptions } from '../../dialogs/booking/caldavBookingService';
import { startRadicale, type Radicale } from '../fakes/radicaleServer';
import { bookingServiceContract } from '../support/bookingServiceContract';

const ZONE = 'Europe/Berlin';
const USER = 'shop';
const PASSWORD = 'calendar-secret';

describe('CalDAV bookings on radicale', function () {
  this.timeout(30_000);
  let radicale: Radicale | undefined;
  const server = (): Radicale => {
    if (!radicale) throw new Error('radicale is not running');
    return radicale;
  };
  const options = (calendarUrl: string, extra: Partial<CalDavBookingOptions> = {}): CalDavBookingOptions => ({
    serverUrl: server().url,
    calendarUrl,
    username: USER,
    password: PASSWORD,
    timeZone: ZONE,
    ...extra,
  });

  before(async () => {
    radicale = await startRadicale({ [USER]: PASSWORD });
  });
  after(async () => {
    await radicale?.stop();
  });

  bookingServiceContract('CalDavBookingService on radicale', async (now) => {
    const calendarUrl = await server().makeCalendar(USER);
    return { service: new CalDavBookingService(options(calendarUrl, { now })), close: async () => {} };
  });
});
