import { describe, expect, it } from 'vitest';
import { slackToMarkdown, type MarkupContext } from './markup.ts';

const ctx: MarkupContext = {
  usernames: new Map([
    ['U1', 'alice'],
    ['U2', 'bob.smith'],
  ]),
  channelNames: new Map([['C1', 'dev-talk']]),
};
const md = (t: string) => slackToMarkdown(t, ctx);

describe('slackToMarkdown', () => {
  it('converts user mentions with and without labels through the user map', () => {
    expect(md('hi <@U1> and <@U2|bob>!')).toBe('hi @alice and @bob.smith!');
    expect(md('<@U9|ghost> <@U9>')).toBe('@ghost <@U9>');
  });

  it('converts channel links to ~name', () => {
    expect(md('see <#C1|dev_talk> or <#C1>')).toBe('see ~dev-talk or ~dev-talk');
    expect(md('<#C9|elsewhere>')).toBe('~elsewhere');
  });

  it('converts special mentions', () => {
    expect(md('<!channel> <!here> <!here|@here> <!everyone>')).toBe('@channel @here @here @all');
    expect(md('<!subteam^S1|@devs> ping')).toBe('@devs ping');
  });

  it('converts links with and without text, unescaping both', () => {
    expect(md('<http://x.com/a?b=1&amp;c=2|A &amp; B>')).toBe('[A & B](http://x.com/a?b=1&c=2)');
    expect(md('go to <https://example.com>.')).toBe('go to https://example.com.');
    expect(md('<mailto:a@b.c|a@b.c>')).toBe('[a@b.c](mailto:a@b.c)');
  });

  it('converts bold and strike at word boundaries only', () => {
    expect(md('*bold* and ~gone~, *two words*')).toBe('**bold** and ~~gone~~, **two words**');
    expect(md('2*3*4 and a~b~c stay')).toBe('2*3*4 and a~b~c stay');
    expect(md('_italic_ stays')).toBe('_italic_ stays');
    expect(md('*<http://x|link>*')).toBe('**[link](http://x)**');
  });

  it('unescapes &amp; &lt; &gt; and turns quotes into markdown quotes', () => {
    expect(md('a &lt; b &amp;&amp; c &gt; d')).toBe('a < b && c > d');
    expect(md('&gt; quoted\nplain')).toBe('> quoted\nplain');
    expect(md('intro\n&gt;&gt;&gt;one\ntwo')).toBe('intro\n> one\n> two');
    expect(md('&amp;lt;')).toBe('&lt;');
  });

  it('leaves code spans and blocks unconverted (only unescaped)', () => {
    expect(md('run `*not bold* <@U1>` now *bold*')).toBe('run `*not bold* <@U1>` now **bold**');
    expect(md('```\nif (a &lt; b) { *x* }\n```')).toBe('```\nif (a < b) { *x* }\n```');
    expect(md('```~a~```')).toBe('```~a~```');
  });

  it('does not treat a channel mention as the start of a strikethrough', () => {
    expect(md('<#C1> and ~real strike~')).toBe('~dev-talk and ~~real strike~~');
  });
});
