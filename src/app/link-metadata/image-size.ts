// Dimensions of an image from the first bytes of its file (PNG, GIF, JPEG, WebP, BMP), as Mattermost's PostImage
// {width, height, format, frame_count}: no decoding, only the headers, so a truncated download is enough.

/** Mattermost's PostImage JSON. */
export interface PostImage {
  width: number;
  height: number;
  format: string;
  frame_count?: number;
}

function png(b: Buffer): PostImage | undefined {
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), format: 'png' };
}

/** Counts a GIF's image descriptors by walking its blocks (stops at the end of what was read). */
function gifFrames(b: Buffer): number {
  let i = 13;
  if (b[10] & 0x80) i += 3 * (1 << ((b[10] & 7) + 1));
  let frames = 0;
  const skipSubBlocks = () => {
    while (i < b.length && b[i] !== 0) i += b[i] + 1;
    i++;
  };
  while (i < b.length) {
    const block = b[i];
    if (block === 0x3b) break;
    if (block === 0x21) {
      i += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames++;
      if (i + 9 >= b.length) break;
      const packed = b[i + 9];
      i += 10;
      if (packed & 0x80) i += 3 * (1 << ((packed & 7) + 1));
      i++; // LZW minimum code size
      skipSubBlocks();
    } else break;
  }
  return frames;
}

function gif(b: Buffer): PostImage | undefined {
  if (b.length < 10 || !/^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return undefined;
  return { width: b.readUInt16LE(6), height: b.readUInt16LE(8), format: 'gif', frame_count: gifFrames(b) };
}

function jpeg(b: Buffer): PostImage | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5), format: 'jpeg' };
    i += 2 + len;
  }
  return undefined;
}

function webp(b: Buffer): PostImage | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff, format: 'webp' };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, format: 'webp' };
  }
  if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1, format: 'webp' };
  return undefined;
}

function bmp(b: Buffer): PostImage | undefined {
  if (b.length < 26 || b.toString('latin1', 0, 2) !== 'BM') return undefined;
  return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)), format: 'bmp' };
}

/** The image's dimensions and format, or undefined when the bytes are no image this reads (SVG included). */
export function imageSize(b: Buffer): PostImage | undefined {
  const img = png(b) ?? gif(b) ?? jpeg(b) ?? webp(b) ?? bmp(b);
  return img && { ...img, frame_count: img.frame_count ?? 0 };
}
