// One emoji by short name: its character, a custom emoji's image, or `:name:` while the index loads or for an
// unknown name.
import type { ReactNode } from 'react';
import { client } from '../api.ts';
import { useEmojiIndex, type EmojiEntry } from './emojiIndex.ts';

export function EmojiGlyph({ entry }: { entry: EmojiEntry }): ReactNode {
  if (entry.customId)
    return (
      <img className="emoji-custom" src={client.getCustomEmojiImageUrl(entry.customId)} alt={`:${entry.name}:`} title={`:${entry.name}:`} />
    );
  return (
    <span className="emoji" role="img" aria-label={`:${entry.name}:`} title={`:${entry.name}:`}>
      {entry.unicode}
    </span>
  );
}

export function Emoji({ name }: { name: string }): ReactNode {
  const index = useEmojiIndex();
  const entry = index?.byName.get(name);
  if (!entry) return <span className="emoji">{`:${name}:`}</span>;
  return <EmojiGlyph entry={entry} />;
}
