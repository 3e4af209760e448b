import type { ImageKey, ImageSize } from './letter-content';

/** Pixel size of a PNG or JPEG, read from its header (the layout needs the aspect ratio, not the pixels). */
export function imageSize(buffer: Buffer): ImageSize {
  if (buffer.length > 24 && buffer.readUInt32BE(0) === 0x89504e47) {
    return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  }
  if (buffer.length > 4 && buffer[0] === 0xff && buffer[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < buffer.length) {
      if (buffer[offset] !== 0xff) break;
      const marker = buffer[offset + 1];
      const length = buffer.readUInt16BE(offset + 2);
      // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: buffer.readUInt16BE(offset + 7), height: buffer.readUInt16BE(offset + 5) };
      }
      offset += 2 + length;
    }
  }
  throw new Error('not a PNG or JPEG image');
}

export function imageSizes(images: Partial<Record<ImageKey, Buffer>>): Partial<Record<ImageKey, ImageSize>> {
  const sizes: Partial<Record<ImageKey, ImageSize>> = {};
  for (const key of Object.keys(images) as ImageKey[]) {
    const image = images[key];
    if (image) sizes[key] = imageSize(image);
  }
  return sizes;
}
