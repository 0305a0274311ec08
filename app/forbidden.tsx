import { MessagePage } from "@/components/ui/message-page";

// Rendered, with status 403, when a page calls forbidden() (see requireRole).
export default function Forbidden() {
  return (
    <MessagePage title="You don't have access to this page" action={{ label: "Go to your home page", href: "/" }}>
      Your account&apos;s role does not include this area. If you need it, ask an admin to change your role.
    </MessagePage>
  );
}
