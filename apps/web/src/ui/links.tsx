import { Anchor, type AnchorProps, Menu, type MenuItemProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef } from 'react';

// Mantine components as typed router links: `to` and `params` are checked against the route tree.

type AnchorBaseProps = AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>;
const AnchorBase = forwardRef<HTMLAnchorElement, AnchorBaseProps>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));
const CreatedAnchorLink = createLink(AnchorBase);
export const AnchorLink: LinkComponent<typeof AnchorBase> = (props) => (
  <CreatedAnchorLink preload="intent" {...props} />
);

type MenuItemBaseProps = MenuItemProps & AnchorHTMLAttributes<HTMLAnchorElement>;
const MenuItemBase = forwardRef<HTMLAnchorElement, MenuItemBaseProps>((props, ref) => (
  <Menu.Item component="a" ref={ref} {...props} />
));
const CreatedMenuItemLink = createLink(MenuItemBase);
export const MenuItemLink: LinkComponent<typeof MenuItemBase> = (props) => <CreatedMenuItemLink {...props} />;
