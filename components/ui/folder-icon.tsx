export function FolderIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="inline h-4 w-4 fill-sky-600 align-[-2px]">
      <path d="M2 5a2 2 0 0 1 2-2h4l2 2h6a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5z" />
    </svg>
  );
}
