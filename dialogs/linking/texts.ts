import { registerTexts } from '../locales';
import de from './texts.de.json';
import en from './texts.en.json';
import pl from './texts.pl.json';

// The folder's texts, under its name (`linking.…`); keys checked at compile time through DialogTexts.
declare module '../locales' {
  interface DialogTexts {
    linking: typeof en;
  }
}

registerTexts('linking', { en, de, pl });
