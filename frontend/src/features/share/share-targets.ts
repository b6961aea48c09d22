/** Where a link can be posted: each platform's own share URL, filled with the link and its title. */
export interface ShareTarget {
  name: string;
  url: string;
}

export function shareTargets(link: string, title: string): ShareTarget[] {
  const url = encodeURIComponent(link);
  const text = encodeURIComponent(`Listen to “${title}”`);
  return [
    { name: 'X', url: `https://twitter.com/intent/tweet?url=${url}&text=${text}` },
    { name: 'Facebook', url: `https://www.facebook.com/sharer/sharer.php?u=${url}` },
    { name: 'Reddit', url: `https://www.reddit.com/submit?url=${url}&title=${encodeURIComponent(title)}` },
    { name: 'WhatsApp', url: `https://wa.me/?text=${text}%20${url}` },
    { name: 'E-mail', url: `mailto:?subject=${encodeURIComponent(title)}&body=${text}%3A%20${url}` },
  ];
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The <iframe> snippet for the compact player (its size matches the server's embed page). */
export function embedSnippet(embedUrl: string, title: string): string {
  return (
    `<iframe src="${escapeAttribute(embedUrl)}" title="${escapeAttribute(title)}" width="480" height="160" ` +
    `style="border:0;border-radius:12px;max-width:100%" loading="lazy" allow="autoplay"></iframe>`
  );
}
