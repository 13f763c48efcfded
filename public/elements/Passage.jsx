// A cited passage: the quote highlighted inside its section, with the document's title, edition and link.
// React escapes every string: no HTML from the corpus is ever rendered as HTML.
import { useEffect, useRef } from 'react';

export default function Passage() {
  const quote = useRef(null);
  useEffect(() => { if (quote.current) quote.current.scrollIntoView({ block: 'center' }); }, [props.quote]);
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="passage">
      <div className="font-semibold" data-testid="passage-title">{props.title}</div>
      <div className="text-muted-foreground">
        {props.edition ? <span data-testid="passage-edition">{props.editionLabel} {props.edition}</span> : null}
        {props.section ? <span> — {props.section}</span> : null}
      </div>
      {props.url ? (
        <a href={props.url} target="_blank" rel="noopener noreferrer" className="underline text-primary break-all"
           data-testid="passage-url">{props.urlLabel}</a>
      ) : null}
      <div className="whitespace-pre-wrap leading-relaxed border-l-2 pl-3">
        <span className="text-muted-foreground">{props.before}</span>
        <mark ref={quote} className="bg-yellow-200 text-black rounded px-0.5" data-testid="passage-quote">{props.quote}</mark>
        <span className="text-muted-foreground">{props.after}</span>
      </div>
    </div>
  );
}
