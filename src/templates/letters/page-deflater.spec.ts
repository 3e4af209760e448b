import * as zlib from 'node:zlib';
import { deflateInline, PageDeflater, PAGES_PER_MESSAGE } from './page-deflater';

const page = (index: number) => `q 1 0 0 -1 0 841.89 cm BT /F${index % 4} 11 Tf [<00${index}2A> 40 <0103>] TJ ET Q\n`.repeat(50 + index);

describe('PageDeflater', () => {
  it('answers each page, in order, with the bytes deflateInline gives', async () => {
    const deflater = new PageDeflater();
    try {
      const pages = Array.from({ length: PAGES_PER_MESSAGE * 2 + 3 }, (_, index) => page(index));
      const answers = pages.map((content) => deflater.deflate(content));
      deflater.send();
      const deflated = await Promise.all(answers);
      deflated.forEach((bytes, index) => {
        expect(bytes.equals(deflateInline(pages[index]))).toBe(true);
        expect(zlib.inflateSync(bytes).toString('latin1')).toBe(pages[index]);
      });
    } finally {
      await deflater.close();
    }
  });

  it('fails what it is asked once closed', async () => {
    const deflater = new PageDeflater();
    await deflater.close();
    await expect(deflater.deflate(page(1))).rejects.toThrow(/closed/);
  });
});
