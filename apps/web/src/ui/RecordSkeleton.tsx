import { Grid, Skeleton, Stack } from '@mantine/core';

/** What a record page looks like while it loads. */
export function RecordSkeleton() {
  return (
    <Stack gap="md" aria-busy="true">
      <Skeleton height={36} width="40%" />
      <Skeleton height={20} width="25%" />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Skeleton height={420} radius="md" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Skeleton height={140} radius="md" />
            <Skeleton height={260} radius="md" />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
