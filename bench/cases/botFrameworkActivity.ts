/** A Bot Framework message activity as the Emulator posts it, answered in the HTTP response. */
export function expectRepliesActivity(n: number, conversations: number, runTag: string): string {
  const conversation = n % conversations;
  return JSON.stringify({
    type: 'message',
    id: `${runTag}-${n}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    conversation: { id: `bench-conversation-${conversation}` },
    from: { id: `bench-user-${conversation}`, name: 'Bench' },
    recipient: { id: 'bot', name: 'Bot' },
    locale: 'en-US',
    text: 'hi',
    deliveryMode: 'expectReplies',
  });
}
