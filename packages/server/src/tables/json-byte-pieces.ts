/**
 * JSON text gathered piece by piece, then written as bytes into one Buffer of the exact size:
 * for an answer sent whole.
 *
 * Why not one string: a megabyte of JSON as one string is a large object for V8, and writing a
 * string to a socket makes Node allocate three bytes per character to encode it, after joining
 * the headers and the string into yet another copy. On the http bench's 1 MB answer, fresh
 * memory of that size cost more than encoding it (each new page is a fault, and on a VM a slow
 * one). Pieces of some tens of kilobytes stay small young objects, and their bytes are copied
 * once, into the Buffer the socket then writes as it is.
 *
 * Text that is all ASCII (what JSON.stringify writes unless a string holds other characters) is
 * copied byte for byte; other text is encoded as UTF-8.
 */
export class JsonBytePieces {
  private readonly texts: string[] = [];
  private readonly ascii: boolean[] = [];
  private byteLength = 0;

  append(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    this.texts.push(text);
    // Equal lengths mean every character is one UTF-8 byte, i.e. ASCII: latin1 is then exact.
    this.ascii.push(bytes === text.length);
    this.byteLength += bytes;
  }

  /** All the pieces, in order, as one Buffer. */
  toBuffer(): Buffer {
    const buffer = Buffer.allocUnsafe(this.byteLength);
    let at = 0;
    for (let index = 0; index < this.texts.length; index++) {
      at += buffer.write(this.texts[index]!, at, this.ascii[index] ? 'latin1' : 'utf8');
    }
    return buffer;
  }
}
