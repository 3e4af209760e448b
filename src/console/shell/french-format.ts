/** The console's formats live in core (the printed reports, below the console, use them too). */
export * from '../../core/text/french-figures';
