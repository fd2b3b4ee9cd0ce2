/**
 * CP949 (Unified Hangul Code), what Korean Windows and Korean Excel's plain "CSV" export write, decoded by
 * iconv-lite. Node's TextDecoder('euc-kr') is not enough: its ICU converter lacks the UHC extension (8,822 of
 * the 11,172 Hangul syllables) and, even with `fatal`, silently drops such a pair's lead byte (Node 20,
 * ICU 78: "똠방" decodes as "c방").
 */
import iconv from 'iconv-lite';

const bytesOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A streaming CP949 decoder with TextDecoder's shape: invalid bytes become U+FFFD. */
export class Cp949Decoder {
  private readonly decoder = iconv.getDecoder('cp949');

  decode(bytes?: Uint8Array, options: { stream?: boolean } = {}): string {
    const text = bytes?.length ? this.decoder.write(bytesOf(bytes)) : '';
    return options.stream ? text : text + (this.decoder.end() ?? '');
  }
}

/**
 * Whether bytes fed to it, chunk by chunk, read as Korean CP949 text: every byte decodes, and most two-byte
 * codes are of KS X 1001 (lead and trail both A1–FE), where everyday Korean lies. Windows-1252 text can be
 * valid CP949 too ("It’s" is 92 73, a UHC syllable), but its high bytes stand before ASCII letters: codes of
 * the UHC extension.
 */
export class Cp949Judge {
  private readonly decoder = iconv.getDecoder('cp949');
  private valid = true;
  private lead = 0;
  private common = 0;
  private extended = 0;
  private verdict: boolean | null = null;

  push(bytes: Uint8Array): void {
    if (!this.valid) return;
    if (this.decoder.write(bytesOf(bytes)).includes('\ufffd')) {
      this.valid = false;
      return;
    }
    for (const b of bytes) {
      if (this.lead) {
        if (this.lead >= 0xa1 && b >= 0xa1) this.common++;
        else this.extended++;
        this.lead = 0;
      } else if (b >= 0x80) this.lead = b;
    }
  }

  /** Read once all bytes are in. */
  get isCp949(): boolean {
    if (this.verdict === null) {
      const rest = this.valid ? (this.decoder.end() ?? '') : '';
      this.verdict = this.valid && !rest.includes('\ufffd') && this.common > 0 && this.common > this.extended;
    }
    return this.verdict;
  }
}
