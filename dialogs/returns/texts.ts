import { registerTexts } from '../locales';
import de from './texts.de.json';
import en from './texts.en.json';
import pl from './texts.pl.json';

// The folder's reply texts, under its name (`returns.…`); keys checked at compile time through DialogTexts.
declare module '../locales' {
  interface DialogTexts {
    returns: typeof en;
  }
}

registerTexts('returns', { en, de, pl });
