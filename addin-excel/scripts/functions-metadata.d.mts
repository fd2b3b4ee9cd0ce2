export declare const SOURCE: string;
export declare const OUTPUT: string;
/** functions.json's text, generated from src/functions/functions.ts. */
export declare function functionsMetadata(): Promise<string>;
