/** Text as a regular expression that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A label as a pattern: literal, any run of white space where it has one ("Week  15" is "Week 15"). */
export const labelPattern = (label: string) => escapeRegExp(label.trim()).replace(/\s+/g, '\\s+');
