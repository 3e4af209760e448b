import { memoryLine, startMemoryLog } from './memory-log';

describe('memory log', () => {
  it('names RSS, the heap, external memory and the heap spaces in MB', () => {
    const line = memoryLine();
    expect(line).toMatch(
      /^relance: memory rss=\d+\.\d heapUsed=\d+\.\d heapTotal=\d+\.\d external=\d+\.\d arrayBuffers=\d+\.\d MB; spaces used\/size MB: .*\bold=\d+\.\d\/\d+\.\d.*\n$/,
    );
  });

  it('writes a line that often only when RELANCE_MEMORY_LOG is a positive number of seconds', () => {
    jest.useFakeTimers();
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const setting of [undefined, '', '0', '-1', 'yes']) startMemoryLog(setting)();
      jest.advanceTimersByTime(10_000);
      expect(write).not.toHaveBeenCalled();
      const stop = startMemoryLog('2');
      jest.advanceTimersByTime(4_100);
      expect(write).toHaveBeenCalledTimes(2);
      stop();
      jest.advanceTimersByTime(10_000);
      expect(write).toHaveBeenCalledTimes(2);
    } finally {
      write.mockRestore();
      jest.useRealTimers();
    }
  });
});
