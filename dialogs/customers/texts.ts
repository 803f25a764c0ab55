import { registerTexts } from '../locales';
import de from './texts.de.json';
import en from './texts.en.json';
import pl from './texts.pl.json';

// The folder's texts, under its name (`customers.…`); keys checked at compile time through DialogTexts.
declare module '../locales' {
  interface DialogTexts {
    customers: typeof en;
  }
}

registerTexts('customers', { en, de, pl });
