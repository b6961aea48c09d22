import { Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useAccount } from '../api/get-account';
import { useLogOut } from '../api/log-out';

/** The header's corner: log in / sign up, or the signed-in user's menu. */
export function AccountMenu() {
  const account = useAccount();
  const logOut = useLogOut();
  const navigate = useNavigate();

  if (!account.data) return null;
  if (!account.data.is_authenticated) {
    return (
      <Group gap={4} wrap="nowrap">
        <Button component={Link} to="/account/login" variant="subtle" size="xs">
          Log in
        </Button>
        <Button component={Link} to="/account/signup" size="xs">
          Sign up
        </Button>
      </Group>
    );
  }
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" px="xs">
          <Text size="sm" fw={500} truncate="end" maw={{ base: 90, sm: 220 }}>
            {account.data.email}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to="/library">
          Library
        </Menu.Item>
        <Menu.Item component={Link} to="/account">
          Account and preferences
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          onClick={() => {
            void logOut.mutateAsync().then(() => navigate('/'));
          }}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
