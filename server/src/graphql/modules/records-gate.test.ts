import { describeRecordsWalk } from '../../testing/records-walk.js'

describeRecordsWalk('sqlite')
