import { MemoryStore } from '../../bots/state/memoryStore';
import { StoredBookingService } from '../../dialogs/booking/bookingService';
import { bookingServiceContract } from '../support/bookingServiceContract';

bookingServiceContract('StoredBookingService on a MemoryStore', async (now) => ({
  service: new StoredBookingService(new MemoryStore(), 'Europe/Berlin', now),
  close: async () => {},
}));
