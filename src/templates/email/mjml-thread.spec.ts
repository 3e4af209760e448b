import { compileMjmlInThread } from './mjml-thread';

const OPTIONS = { validationLevel: 'soft', keepComments: false, fonts: {}, ignoreIncludes: true };
const page = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

describe('MJML in a worker thread', () => {
  it('compiles as mjml2html does, several requests at once each getting its own answer', async () => {
    const outputs = await Promise.all(['Bonjour {{first_name}}', 'Au revoir', 'Merci'].map((text) => compileMjmlInThread(page(text), OPTIONS)));
    expect(outputs.map((output) => /Bonjour \{\{first_name\}\}|Au revoir|Merci/.exec(output.html)?.[0])).toEqual(['Bonjour {{first_name}}', 'Au revoir', 'Merci']);
    expect(outputs.every((output) => output.html.startsWith('<!doctype html>'))).toBe(true);
  });

  it("returns MJML's warnings with their lines", async () => {
    const output = await compileMjmlInThread('<mjml><mj-body>\n<mj-section><mj-text>loose</mj-text></mj-section></mj-body></mjml>', OPTIONS);
    expect(output.errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('mj-text') })]);
  });

  it("rejects with MJML's own message when it cannot compile", async () => {
    await expect(
      compileMjmlInThread('<mjml><mj-body><mj-text>x</mj-text></mj-body></mjml>', { ...OPTIONS, validationLevel: 'strict' }),
    ).rejects.toThrow('mj-text cannot be used inside mj-body');
  });
});
