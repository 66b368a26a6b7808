/**
 * JSON text gathered in pieces becomes the bytes of its UTF-8 encoding, in order, whether a
 * piece is plain ASCII (copied byte for byte) or holds other characters.
 */
import { describe, expect, it } from 'vitest';
import { JsonBytePieces } from '../../src/tables/json-byte-pieces.js';

function bytesOf(pieces: string[]): Buffer {
  const gathered = new JsonBytePieces();
  for (const piece of pieces) gathered.append(piece);
  return gathered.toBuffer();
}

describe('JSON text gathered in pieces', () => {
  it('is the UTF-8 encoding of the pieces joined, ASCII or not', () => {
    const pieces = ['[', '{"city":"Zürich"}', ',', '{"mood":"😀","n":1}', ',', '"plain ascii"', ',', '"ÿ is latin1, not ascii"', ']'];
    const bytes = bytesOf(pieces);
    expect(bytes.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual([{ city: 'Zürich' }, { mood: '😀', n: 1 }, 'plain ascii', 'ÿ is latin1, not ascii']);
  });

  it('is empty with no pieces, and keeps empty pieces out of the way', () => {
    expect(bytesOf([]).length).toBe(0);
    expect(bytesOf(['', '[]', '']).toString('utf8')).toBe('[]');
  });
});
