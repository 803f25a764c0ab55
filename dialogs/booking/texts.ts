import { registerTexts } from '../locales';
import de from './texts.de.json';
import en from './texts.en.json';
import pl from './texts.pl.json';

// The folder's reply texts, under its name (`booking.…`); keys checked at compile time through DialogTexts.
declare module '../locales' {
  interface DialogTexts {
    booking: typeof en;
  }
}

registerTexts('booking', { en, de, pl });
