import { registerTexts } from '../locales';
import de from './texts.de.json';
import en from './texts.en.json';
import pl from './texts.pl.json';

// The folder's reply texts, under its name (`handover.…`); keys checked at compile time through DialogTexts.
declare module '../locales' {
  interface DialogTexts {
    handover: typeof en;
  }
}

registerTexts('handover', { en, de, pl });
