/** Lets a command end with a non-zero status without throwing (e.g. an import with rejected rows stays 0). */
export const exitCode = {
  value: 0,
  set(code: number) {
    this.value = code;
  },
  reset() {
    this.value = 0;
  },
};
