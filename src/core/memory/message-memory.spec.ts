import { allocateMessage, recycleMessage, spareRoom, SPARE_BYTES } from './message-memory';

describe('message memory', () => {
  it('hands a sent message’s memory to the next message of about the same size, once', () => {
    const first = allocateMessage(50_000);
    expect(first.length).toBe(50_000);
    expect(spareRoom(first)).toBeGreaterThanOrEqual(SPARE_BYTES);
    recycleMessage(first);
    recycleMessage(first); // a second time: ignored, never two messages on one memory
    const second = allocateMessage(49_500); // the same 4 KB size class
    expect(second.buffer).toBe(first.buffer);
    const third = allocateMessage(49_900);
    expect(third.buffer).not.toBe(second.buffer);
    expect(spareRoom(first)).toBe(0); // given back: no longer a message with room after it
  });

  it('leaves alone what it did not hand out', () => {
    const foreign = Buffer.alloc(60_000);
    recycleMessage(foreign);
    expect(spareRoom(foreign)).toBe(0);
    expect(allocateMessage(59_000).buffer).not.toBe(foreign.buffer);
  });
});
