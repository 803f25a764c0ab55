import { MemoryStore } from '../../bots/state/memoryStore';
import { SampleReturnService } from '../../dialogs/returns/returnService';
import { returnServiceContract } from '../support/returnServiceContract';

returnServiceContract('SampleReturnService (orders.json, returns in the bot store)', async ({ clock, timeZone }) => ({ service: new SampleReturnService(new MemoryStore(), timeZone, clock) }));
