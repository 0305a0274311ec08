import { MessagePage } from "@/components/ui/message-page";

export default function NotFound() {
  return (
    <MessagePage title="Page not found" action={{ label: "Go to your home page", href: "/" }}>
      There is nothing at this address. It may have moved, or the link may be mistyped.
    </MessagePage>
  );
}
