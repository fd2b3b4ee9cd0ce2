/** A translation's shape: the same keys as the English messages, each a string. */
export type Shape<T> = T extends string ? string : { [K in keyof T]: Shape<T[K]> };
