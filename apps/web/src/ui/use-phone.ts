import { useMediaQuery } from '@mantine/hooks';

/** Below 768 px (Mantine's `sm`): bottom navigation, cards instead of tables. */
export const PHONE_QUERY = '(max-width: 47.99em)';
export const usePhone = () => useMediaQuery(PHONE_QUERY, false, { getInitialValueInEffect: false }) ?? false;
