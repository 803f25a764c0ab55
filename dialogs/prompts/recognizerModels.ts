import { Culture } from '@microsoft/recognizers-text-suite';
import { NumberRecognizer } from '@microsoft/recognizers-text-number';
import { DateTimeRecognizer } from '@microsoft/recognizers-text-date-time';
import { SequenceRecognizer } from '@microsoft/recognizers-text-sequence';

/**
 * Recognizers-Text models, built once. The suite's one-call functions (recognizeNumber(text,
 * culture) and friends) build a whole recognizer, every model of its culture, on each call: that
 * was a tenth of the CPU of a turn answering a yes/no question. A model's parse keeps no state
 * between calls, so one per culture serves every turn.
 */
let numberRecognizer: NumberRecognizer | undefined;
let dateTimeRecognizer: DateTimeRecognizer | undefined;
let sequenceRecognizer: SequenceRecognizer | undefined;

const english = () => (numberRecognizer ??= new NumberRecognizer(Culture.English));

/** Numbers in English text ("two", "21", "1,234.5"), as the suite's recognizeNumber reports them. */
export function englishNumbers(text: string): unknown[] {
  return english().getNumberModel().parse(text);
}

/** Ordinals in English text ("the second", "3rd"). */
export function englishOrdinals(text: string): unknown[] {
  return english().getOrdinalModel().parse(text);
}

/** Dates and times in English text, relative to `reference`. */
export function englishDateTimes(text: string, reference: Date): unknown[] {
  return (dateTimeRecognizer ??= new DateTimeRecognizer(Culture.English)).getDateTimeModel().parse(text, reference);
}

/** E-mail addresses in text (the model is the same for every culture). */
export function emailAddresses(text: string): unknown[] {
  return (sequenceRecognizer ??= new SequenceRecognizer(Culture.English)).getEmailModel().parse(text);
}
