import v from 'vader-sentiment';
