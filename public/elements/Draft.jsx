// The helpdesk's draft reply: editable before copying. Text only: nothing is rendered as HTML.
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export default function Draft() {
  const [text, setText] = useState(props.text);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // Without clipboard access (plain http on another host), select the text for Ctrl+C.
      const area = document.getElementById(`draft-${props.id}`);
      if (area) { area.focus(); area.select(); }
    }
    setCopied(true);
  };
  return (
    <div className="flex flex-col gap-2 w-full" data-testid="draft">
      <textarea id={`draft-${props.id}`} data-testid="draft-text" className="w-full p-2 border rounded-md font-mono text-sm bg-background" style={{ minHeight: "28rem" }}
        value={text} onChange={(e) => { setText(e.target.value); setCopied(false); }} />
      <div className="flex gap-2 items-center">
        <Button onClick={copy} data-testid="draft-copy">{props.copyLabel}</Button>
        {copied ? <span className="text-sm text-muted-foreground" data-testid="draft-copied">{props.copiedLabel}</span> : null}
      </div>
    </div>
  );
}
