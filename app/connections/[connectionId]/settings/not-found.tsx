import { NotFoundPanel } from "@/components/ui/not-found-panel";

export default function ConnectionNotFound() {
  return <NotFoundPanel title="No such connection">No connection has the ID in the address.</NotFoundPanel>;
}
