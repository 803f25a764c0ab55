/** Where a bike is in the workshop. */
export type RepairStage = 'received' | 'inProgress' | 'waitingForParts' | 'ready';

/** A repair ticket as the workshop's system knows it. */
export interface Repair {
  ticket: string;
  bike: string;
  stage: RepairStage;
  /** "2026-12-05", when the workshop has promised a day. */
  readyOn?: string;
  priceEur?: number;
}

/** The workshop's system, as the repair-status dialog needs it; a real shop puts its own behind it. */
export interface RepairTracker {
  find(ticket: string): Promise<Repair | undefined>;
}

/** "r 1042", "R-1042", "r1042" → "R-1042". */
export function ticketIn(text: string): string | undefined {
  const digits = /\br\s*-?\s*(\d{4})\b/iu.exec(text)?.[1];
  return digits ? `R-${digits}` : undefined;
}

/** Repairs from a list (the example's sample data). */
export class ListRepairTracker implements RepairTracker {
  constructor(private readonly repairs: readonly Repair[]) {}

  async find(ticket: string): Promise<Repair | undefined> {
    return this.repairs.find((repair) => repair.ticket === ticket);
  }
}
