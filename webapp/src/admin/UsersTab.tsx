import {
  Badge,
  Button,
  Dropdown,
  Input,
  makeStyles,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { AppLink } from '../layout/AppLink';
import { formatDateTime, formatNumber } from '../usage/format';
import { listUsers, type UserSort, type UsersQuery } from './adminApi';
import { useAutoRefresh } from './useAutoRefresh';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  search: { minWidth: '260px', flex: 1 },
  wrap: { overflowX: 'auto' },
  pager: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'flex-end' },
  muted: { color: tokens.colorNeutralForeground3 },
  who: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0` },
});

const COLUMNS: Array<{ key: UserSort; label: string }> = [
  { key: 'name', label: 'User' },
  { key: 'tier', label: 'Tier' },
  { key: 'balance', label: 'Balance' },
  { key: 'tokens30d', label: 'Tokens (30 d)' },
  { key: 'analyses', label: 'Analyses' },
  { key: 'lastActive', label: 'Last active' },
];

/** All users: search, status filter, sortable columns, pages of 25; a name opens the user's detail. */
export function UsersTab() {
  const styles = useStyles();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState<UsersQuery>({ q: '', status: 'all', sort: 'tokens30d', order: 'desc', page: 1, pageSize: 25 });

  // Searching waits for a pause in typing instead of sending a request per key.
  useEffect(() => {
    const t = setTimeout(() => setQuery((q) => (q.q === typed ? q : { ...q, q: typed, page: 1 })), 300);
    return () => clearTimeout(t);
  }, [typed]);

  const load = useCallback(() => listUsers(query), [query]);
  const { data, error } = useAutoRefresh(load);

  function handleSort(key: UserSort) {
    setQuery((q) => ({ ...q, sort: key, order: q.sort === key && q.order === 'desc' ? 'asc' : 'desc', page: 1 }));
  }

  const pages = data ? Math.max(1, Math.ceil(data.pagination.total / query.pageSize)) : 1;
  return (
    <div className={styles.root} data-testid="admin-users">
      <div className={styles.bar}>
        <Input className={styles.search} contentBefore={<SearchRegular />} placeholder="Search by name or email" value={typed} onChange={(_, d) => setTyped(d.value)} aria-label="Search users" data-testid="user-search" />
        <Dropdown
          aria-label="Status"
          value={query.status === 'all' ? 'All users' : query.status === 'active' ? 'Active' : 'Disabled'}
          selectedOptions={[query.status]}
          onOptionSelect={(_, d) => setQuery((q) => ({ ...q, status: d.optionValue as UsersQuery['status'], page: 1 }))}
        >
          <Option value="all">All users</Option>
          <Option value="active">Active</Option>
          <Option value="disabled">Disabled</Option>
        </Dropdown>
      </div>
      {error && <Text className={styles.muted}>Could not load users: {error.message}</Text>}
      {data && data.data.length === 0 && (
        <Text className={styles.muted} data-testid="users-empty">
          No users match.
        </Text>
      )}
      {data && data.data.length > 0 && (
        <div className={styles.wrap}>
          <Table size="small" aria-label="Users" data-testid="users-table" sortable>
            <TableHeader>
              <TableRow>
                {COLUMNS.map((c) => (
                  <TableHeaderCell
                    key={c.key}
                    sortDirection={query.sort === c.key ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined}
                    onClick={() => handleSort(c.key)}
                  >
                    {c.label}
                  </TableHeaderCell>
                ))}
                <TableHeaderCell>Status</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.data.map((u) => (
                <TableRow key={u.id} data-testid="user-row">
                  <TableCell>
                    <div className={styles.who}>
                      <AppLink to={`/admin/users/${u.id}`}>{u.name}</AppLink>
                      <Text size={200} className={styles.muted}>
                        {u.email}
                      </Text>
                    </div>
                  </TableCell>
                  <TableCell>{u.tier}</TableCell>
                  <TableCell>{formatNumber(u.balance)}</TableCell>
                  <TableCell>{formatNumber(u.tokens30d)}</TableCell>
                  <TableCell>{formatNumber(u.analyses)}</TableCell>
                  <TableCell>{formatDateTime(u.lastActiveAt)}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={u.status === 'active' ? 'success' : 'danger'}>
                      {u.status}
                    </Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {data && (
        <div className={styles.pager}>
          <Text className={styles.muted}>
            {formatNumber(data.pagination.total)} users · page {query.page} of {pages}
          </Text>
          <Button size="small" disabled={query.page <= 1} onClick={() => setQuery((q) => ({ ...q, page: q.page - 1 }))}>
            Previous
          </Button>
          <Button size="small" disabled={query.page >= pages} onClick={() => setQuery((q) => ({ ...q, page: q.page + 1 }))}>
            Next
          </Button>
        </div>
      )}
    </div>
  );
}
