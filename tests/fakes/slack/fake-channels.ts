/**
 * The fake Slack's channels as tests set them up: any channel not set up exists and has the
 * bot in it; one set to `null` is gone. What posting and reading there get follows Slack:
 * posting needs the channel unarchived and the bot in it; reading (conversations.replies)
 * needs the bot in it even in a public channel (chat:write.public only covers posting), and
 * works in an archived one.
 */
export interface ChannelInfo {
  id: string;
  name: string;
  is_channel: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_member: boolean;
}

export class FakeChannels {
  private readonly channels = new Map<string, ChannelInfo | null>();

  set(id: string, info: Partial<ChannelInfo> | null): void {
    this.channels.set(id, info === null ? null : { ...defaultChannel(id), ...this.channels.get(id), ...info, id });
  }

  info(id: string | undefined): ChannelInfo | null {
    if (id === undefined) return null;
    const known = this.channels.get(id);
    return known === undefined ? defaultChannel(id) : known;
  }

  /** The platform error a post to `channel` gets from its setup, if any. */
  postRefusal(channel: string | undefined): string | undefined {
    const info = this.info(channel);
    if (info?.is_archived) return 'is_archived';
    return this.readRefusal(channel);
  }

  /** The platform error reading `channel` gets, if any. */
  readRefusal(channel: string | undefined): string | undefined {
    const info = this.info(channel);
    if (info === null) return 'channel_not_found';
    return info.is_member ? undefined : 'not_in_channel';
  }

  clear(): void {
    this.channels.clear();
  }
}

function defaultChannel(id: string): ChannelInfo {
  return { id, name: `channel-${id.toLowerCase()}`, is_channel: true, is_private: false, is_archived: false, is_member: true };
}
