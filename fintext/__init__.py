"""The financial-text basics every layer shares: figures with units and scales, years and fiscal calendars, scripts,
widths, language, search tokens and the citation marker."""
